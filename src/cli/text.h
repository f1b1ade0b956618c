/* Readable text views of the JSON answers: one function per answer, writing to a stream. */
#ifndef NP_TEXT_H
#define NP_TEXT_H

#include <jansson.h>
#include <stdio.h>

void np_text_screening(FILE *out, const json_t *screening);
void np_text_plan(FILE *out, const json_t *plan);
void np_text_schedule(FILE *out, const json_t *schedule);
void np_text_dose(FILE *out, const json_t *dose);
void np_text_aftercare(FILE *out, const json_t *aftercare);
/* The gate's answer (needlepoint gate), and a list of refusals, one reason a line. */
void np_text_gate(FILE *out, const json_t *answer);
void np_text_refusals(FILE *out, const json_t *refusals);

/* Records (text_records.c): one as "key: value" lines (an array as a list), a list, a chart. */
void np_text_record(FILE *out, const json_t *record);
void np_text_records(FILE *out, const json_t *records);
void np_text_history(FILE *out, const json_t *chart);

/* "a, b, c" from an array of strings. */
void np_text_list(FILE *out, const json_t *strings);

#endif
