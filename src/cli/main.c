/* The ward program: ca, check-config, get, serve, version. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static int usage(FILE *f)
{
	fprintf(f, "usage: ward <command> [options]\n"
		   "\n"
		   "commands:\n"
		   "  ca        local certificate authority (init, issue, show)\n"
		   "  check-config FILE  check a 'ward serve --config' file\n"
		   "  get       fetch URLs over HTTPS (and HTTP), like curl\n"
		   "  serve     serve HTTPS: static files and an upload store\n"
		   "            (--config FILE: sites and options from a file)\n"
		   "  version   print the version\n"
		   "\n"
		   "Run 'ward <command> --help' or 'ward help <command>' for a\n"
		   "command's options.\n");
	return f == stderr ? 2 : 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage(stderr);
	const char *cmd = argv[1];
	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") ||
	    (!strcmp(cmd, "help") && argc == 2))
		return usage(stdout);
	if (!strcmp(cmd, "help")) {
		/* "ward help serve" is "ward serve --help" */
		char help[] = "--help";
		for (const struct ward_cli_command *c = ward_cli_commands;
		     c->name; c++)
			if (!strcmp(argv[2], c->name)) {
				char *args[] = {(char *)c->name, help, NULL};
				return c->run(2, args);
			}
		fprintf(stderr, "ward help: unknown command '%s'\n", argv[2]);
		return usage(stderr);
	}
	if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
		printf("ward %s\n", WARD_VERSION);
		return 0;
	}
	for (const struct ward_cli_command *c = ward_cli_commands; c->name; c++)
		if (!strcmp(cmd, c->name))
			return c->run(argc - 1, argv + 1);
	fprintf(stderr, "ward: unknown command '%s'\n", cmd);
	return usage(stderr);
}
