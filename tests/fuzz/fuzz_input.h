/* Shared by the fuzz targets: the standard pack, loaded once, and JSON from the fuzzer's bytes. */
#ifndef NP_FUZZ_INPUT_H
#define NP_FUZZ_INPUT_H

#include "needlepoint/pack.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>

static inline const struct np_pack *fuzz_pack(void)
{
	static struct np_pack *pack;
	if (pack == NULL && np_pack_load_file(&pack, NP_STANDARD_PACK) != 0)
		abort();
	return pack;
}

static inline json_t *fuzz_json(const uint8_t *data, size_t size)
{
	json_error_t e;
	return json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &e);
}

/* Serialise and drop an answer, so the serialisers run on whatever the engine produced. */
static inline void fuzz_dump(json_t *answer)
{
	char *text = answer ? json_dumps(answer, 0) : NULL;
	free(text);
	json_decref(answer);
}

#endif
