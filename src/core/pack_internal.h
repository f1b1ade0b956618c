/* Shared by the pack loader's files: the loading context and its helpers. */
#ifndef NP_PACK_INTERNAL_H
#define NP_PACK_INTERNAL_H

#include "arena.h"
#include "jv.h"
#include "needlepoint/pack.h"
#include "try.h"

/* What a loaded pack owns besides its public fields. */
struct np_pack_internal {
	json_t *root;
	struct np_arena arena;
};

struct np_loader {
	struct np_jv jv;
	struct np_pack *pack;
	struct np_arena *arena;
};

/* The deepest depth any part of the engine handles, in mm: a bound against typing mistakes. */
#define NP_DEPTH_LIMIT_MM 5.0

int np_ld_nomem(struct np_loader *ld);
/* A required, non-empty array field; *out set, *n its length. */
int np_ld_list(struct np_loader *ld, const json_t *obj, const char *key, json_t **out, size_t *n);
/* A required, non-empty list of known source ids. */
int np_ld_sources(struct np_loader *ld, const json_t *obj, const char *key, struct np_sources *out);
/* A required, non-empty list of device ids, as a bit set. */
int np_ld_devices(struct np_loader *ld, const json_t *obj, const char *key, unsigned *out);
/* A list of non-empty strings (may be empty). */
int np_ld_strings(struct np_loader *ld, const json_t *obj, const char *key, const char ***out,
                  size_t *n);
/* Whether some zone of the pack (loaded so far) lies in region. */
bool np_ld_region_known(const struct np_pack *p, const char *region);
/* Fail when the string id was already used by an earlier element of the same list. */
int np_ld_unique(struct np_loader *ld, const char *id, const char *const *seen, size_t n_seen);

int np_pack_load_clinical(struct np_loader *ld, const json_t *root);
int np_pack_load_screening(struct np_loader *ld, const json_t *root);
int np_pack_load_care(struct np_loader *ld, const json_t *root);
int np_pack_load_records(struct np_loader *ld, const json_t *root);
int np_pack_load_refusals(struct np_loader *ld, const json_t *root);
/* session.anaesthetic, read into *out. */
int np_pack_load_anaesthetic(struct np_loader *ld, const json_t *session,
                             struct np_anaesthetic *out);
/* evaluated_depth and adjustments: what limits a plan besides the zone and the setting. */
int np_pack_load_limits(struct np_loader *ld, const json_t *root);

#endif
