#include <stddef.h>

#include "cli/cli.h"

const struct ward_cli_command ward_cli_commands[] = {
	{"ca", ward_cli_ca},
	{"check-config", ward_cli_check_config},
	{"get", ward_cli_get},
	{"serve", ward_cli_serve},
	{NULL, NULL},
};
