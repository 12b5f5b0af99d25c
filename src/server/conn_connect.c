/* CONNECT (RFC 9110 9.3.6): reaching the target, then the relay. */
#include "server/tunnel_int.h"
#include "server/worker_int.h"

void ward_conn_dial_step(ward_conn *c)
{
	(void)c;
}

void ward_conn_dial_timeout(ward_conn *c)
{
	ward_conn_close(c);
}

void ward_conn_dial_end(ward_conn *c, ward_tunnel *t)
{
	(void)c;
	(void)t;
}
