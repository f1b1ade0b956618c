/* libpq's functions, loaded when a PostgreSQL database is first opened (dynload.h). Include after
 * <libpq-fe.h>: each PQ function the driver calls becomes a call through the table. */
#ifndef NP_PQ_API_H
#define NP_PQ_API_H

#include <libpq-fe.h>

#define NP_PQ_FUNCTIONS(X)                                                                         \
	X(PQclear)                                                                                 \
	X(PQcmdTuples)                                                                             \
	X(PQconnectdb)                                                                             \
	X(PQerrorMessage)                                                                          \
	X(PQexec)                                                                                  \
	X(PQexecPrepared)                                                                          \
	X(PQfinish)                                                                                \
	X(PQgetResult)                                                                             \
	X(PQgetisnull)                                                                             \
	X(PQgetlength)                                                                             \
	X(PQgetvalue)                                                                              \
	X(PQnfields)                                                                               \
	X(PQntuples)                                                                               \
	X(PQprepare)                                                                               \
	X(PQreset)                                                                                 \
	X(PQresultErrorField)                                                                      \
	X(PQresultErrorMessage)                                                                    \
	X(PQresultStatus)                                                                          \
	X(PQsendQueryPrepared)                                                                     \
	X(PQsetSingleRowMode)                                                                      \
	X(PQstatus)                                                                                \
	X(PQtransactionStatus)

struct np_pq_api {
#define NP_PQ_SLOT(f) __typeof__(f) *f;
	NP_PQ_FUNCTIONS(NP_PQ_SLOT)
#undef NP_PQ_SLOT
};

extern struct np_pq_api np_pq;

/* Load libpq once; 0, or NP_EIO saying it is missing. */
int np_pq_load(void);

#ifndef NP_PQ_API_SELF
#define PQclear              (np_pq.PQclear)
#define PQcmdTuples          (np_pq.PQcmdTuples)
#define PQconnectdb          (np_pq.PQconnectdb)
#define PQerrorMessage       (np_pq.PQerrorMessage)
#define PQexec               (np_pq.PQexec)
#define PQexecPrepared       (np_pq.PQexecPrepared)
#define PQfinish             (np_pq.PQfinish)
#define PQgetResult          (np_pq.PQgetResult)
#define PQgetisnull          (np_pq.PQgetisnull)
#define PQgetlength          (np_pq.PQgetlength)
#define PQgetvalue           (np_pq.PQgetvalue)
#define PQnfields            (np_pq.PQnfields)
#define PQntuples            (np_pq.PQntuples)
#define PQprepare            (np_pq.PQprepare)
#define PQreset              (np_pq.PQreset)
#define PQresultErrorField   (np_pq.PQresultErrorField)
#define PQresultErrorMessage (np_pq.PQresultErrorMessage)
#define PQresultStatus       (np_pq.PQresultStatus)
#define PQsendQueryPrepared  (np_pq.PQsendQueryPrepared)
#define PQsetSingleRowMode   (np_pq.PQsetSingleRowMode)
#define PQstatus             (np_pq.PQstatus)
#define PQtransactionStatus  (np_pq.PQtransactionStatus)
#endif

#endif
