/* Memory shared by the master and the workers it forks, and the lock that
 * guards a table in it.
 *
 * A mapping is anonymous and MAP_SHARED, made by the master before any
 * worker forks, so every worker (and every later generation) sees the
 * same bytes. The lock is a process-shared robust mutex: a worker that
 * dies holding it does not stop the others; the next locker is told, and
 * decides whether the table is still sound.
 */
#ifndef WARD_SERVER_SHM_H
#define WARD_SERVER_SHM_H

#include <pthread.h>
#include <stddef.h>

#include "base/err.h"

/* bytes of zeroed shared memory, kept out of core dumps; NULL on failure */
void *ward_shm_map(size_t bytes);
void ward_shm_unmap(void *p, size_t bytes);

WARD_MUST_CHECK ward_err ward_shm_lock_init(pthread_mutex_t *m);
/* 0: locked; 1: locked, and its last holder died holding it (the lock is
 * usable again; what it guards may be half-changed); -1: not locked. */
int ward_shm_lock(pthread_mutex_t *m);
void ward_shm_unlock(pthread_mutex_t *m);

#endif
