/* ward ca install / uninstall (ca_install.c). */
#ifndef WARD_CLI_CA_INSTALL_H
#define WARD_CLI_CA_INSTALL_H

/* argv[0] is "install" or "uninstall"; returns the exit code. */
int ward_cli_ca_install(int argc, char **argv, int install);

#endif
