#ifndef WARD_CLI_H
#define WARD_CLI_H

#define WARD_VERSION "0.1.0"

/* A subcommand: argv[0] is the subcommand's name. Returns the exit code:
 * 0 success, 1 the operation failed, 2 bad usage or unreadable input. */
struct ward_cli_command {
	const char *name;
	int (*run)(int argc, char **argv);
};

/* The subcommands (each in its own file). */
int ward_cli_ca(int argc, char **argv);
int ward_cli_get(int argc, char **argv);
/* its --help text (get_usage.c) */
extern const char ward_cli_get_usage[];
int ward_cli_serve(int argc, char **argv);
/* ward check-config FILE (in serve.c: it reads the file as serve does) */
int ward_cli_check_config(int argc, char **argv);

/* The table, in commands.c; ends with {NULL, NULL}. */
extern const struct ward_cli_command ward_cli_commands[];

#endif
