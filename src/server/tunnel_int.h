/* Shared by conn_tunnel.c and conn_connect.c only: what a connection in
 * WARD_CONN_DIAL or WARD_CONN_TUNNEL holds besides ward_conn. */
#ifndef WARD_SERVER_TUNNEL_INT_H
#define WARD_SERVER_TUNNEL_INT_H

#include "server/conn.h"

struct ward_dial;

typedef struct ward_tunnel {
	ward_io io; /* the target's socket (relay only) */
	ward_conn *c;
	int status;	      /* for the log line */
	uint8_t fd_eof;	      /* the target's side ended (FIN) */
	uint8_t fd_shut;      /* its write side shut: the client's ended */
	uint8_t client_shut;  /* 1: close_notify queued, 2: SHUT_WR done */
	uint64_t up, down;    /* bytes to the target, to the client */
	uint64_t started;     /* loop time of the start */
	/* CONNECT, in WARD_CONN_DIAL (conn_connect.c) */
	struct ward_dial *dial;
	char target[272]; /* "host:port", for the error log */
} ward_tunnel;

/* conn_connect.c: the part of ward_conn_tunnel_step/_timer in DIAL. */
void ward_conn_dial_step(ward_conn *c);
void ward_conn_dial_timeout(ward_conn *c);
/* The connection closes while dialing: the dial is cancelled. */
void ward_conn_dial_end(ward_conn *c, ward_tunnel *t);

#endif
