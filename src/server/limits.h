/* Resources of the `ward serve` processes: descriptors.
 *
 * The master raises the soft RLIMIT_NOFILE to the hard limit at start (its
 * workers inherit it), and each worker fits --max-connections to it, so
 * that the limit is reached by the count of connections before accept
 * runs out of descriptors. */
#ifndef WARD_SERVER_LIMITS_H
#define WARD_SERVER_LIMITS_H

#include <stddef.h>

/* Raise RLIMIT_NOFILE to its hard limit; logged. */
void ward_raise_nofile(void);
/* wanted (--max-connections), lowered to what the descriptor limit allows
 * (then logged). */
size_t ward_fit_connections(int wanted);

#endif
