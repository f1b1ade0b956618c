/* needlepoint gate: the facts of a client's record and a proposal in, whether it may go ahead. */
#include "cli.h"
#include "text.h"

#include "needlepoint/gate.h"

static json_t *answer(const struct np_cli *cli, const json_t *input)
{
	struct np_gate_input *in = NULL;
	struct np_gate_result *result = NULL;
	json_t *out = NULL;
	if (np_gate_input_from_json(&in, cli->pack, input) == 0 &&
	    np_gate_run(&result, cli->pack, in) == 0)
		/* the front desk books: what it reads of a refused booking is reduced */
		out = np_gate_to_json(result, in->facts.front_desk && in->booking);
	np_gate_free(result);
	np_gate_input_free(in);
	return out;
}

int np_cmd_gate(struct np_cli *cli)
{
	return np_cli_answer_input(cli, answer, np_text_gate);
}
