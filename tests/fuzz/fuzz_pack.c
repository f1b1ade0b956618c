/* Fuzz target: the strict protocol pack loader on any bytes. */
#include "needlepoint/pack.h"

#include <stdint.h>
#include <stddef.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct np_pack *pack = NULL;
	if (np_pack_load_text(&pack, (const char *)data, size, "fuzz.json") == 0)
		(void)np_pack_zone(pack, "chin");
	np_pack_free(pack);
	return 0;
}
