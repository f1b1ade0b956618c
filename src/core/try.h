/* NP_TRY: return a failing call's error code at once (errors are values, see error.h). */
#ifndef NP_TRY_H
#define NP_TRY_H

#define NP_TRY(expr)                                                                               \
	do {                                                                                       \
		int np_try_rc_ = (expr);                                                           \
		if (np_try_rc_ != 0)                                                               \
			return np_try_rc_;                                                         \
	} while (0)

#endif
