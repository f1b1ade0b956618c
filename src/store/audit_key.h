/* The audit key and its checkpoints.
 *
 * The key is an Ed25519 seed in a file of its own (mode 0600), outside the database: whoever can
 * write the database but cannot read the key can neither make an audit entry that verifies (each
 * entry is sealed with an HMAC keyed from the seed) nor sign a checkpoint. A checkpoint is one
 * line, appended to a file beside the key and never rewritten, that signs a clinic's chain head:
 * a trail cut short, wiped or re-chained no longer reaches a head that was signed.
 *
 * Ownership: everything here fills memory the caller provides. */
#ifndef NP_AUDIT_KEY_H
#define NP_AUDIT_KEY_H

#include <sodium.h>
#include <stdbool.h>
#include <stddef.h>

#define NP_AUDIT_HASH_HEX (crypto_hash_sha256_BYTES * 2 + 1)
#define NP_AUDIT_PATH_MAX 1024

struct np_audit_key {
	unsigned char seal[crypto_auth_hmacsha256_KEYBYTES];
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	unsigned char sk[crypto_sign_SECRETKEYBYTES];
	char path[NP_AUDIT_PATH_MAX];
	char checkpoints[NP_AUDIT_PATH_MAX]; /* path minus ".key", plus ".checkpoints" */
};

/* Read the key file at path. When there is none and create is set, make one (0600, written
 * whole before it is seen: a process racing this one reads the same key). *created says which. */
int np_audit_key_load(struct np_audit_key *k, const char *path, bool create, bool *created);
/* The public key as hex (for an auditor's notes): 65 bytes. */
void np_audit_key_public_hex(const struct np_audit_key *k, char out[65]);

/* A signed head of one clinic's chain: entries up to legacy were written before the key and
 * carry a public SHA-256; the ones after are sealed. */
struct np_checkpoint {
	long long clinic, seq, legacy;
	char head[NP_AUDIT_HASH_HEX];
	char at[32];
	size_t line; /* where it was read, counting from 1 */
};

/* The signed line, newline included; 0, or NP_EINVAL when size is too small. */
int np_checkpoint_format(char *out, size_t size, const struct np_audit_key *k,
                         const struct np_checkpoint *c);
/* Append lines to the checkpoint file (created 0600), and make them durable. */
int np_checkpoint_append(const struct np_audit_key *k, const char *lines, size_t len);
/* Every checkpoint of a clinic in the file, in order: *out is the caller's (free). Lines that
 * are not a checkpoint signed by this key are counted in *forged (their numbers, the first few,
 * in forged_lines). No file is no checkpoint. */
int np_checkpoint_read(struct np_checkpoint **out, size_t *n, size_t *forged,
                       size_t forged_lines[4], const struct np_audit_key *k, long long clinic);

#endif
