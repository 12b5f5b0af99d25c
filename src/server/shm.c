/* Shared memory and its robust lock (shm.h). */
#include <errno.h>
#include <sys/mman.h>

#include "server/shm.h"

void *ward_shm_map(size_t bytes)
{
	void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	/* ticket keys and master secrets live in such memory: keep it out
	 * of core dumps (best effort) */
	(void)madvise(p, bytes, MADV_DONTDUMP);
	return p;
}

void ward_shm_unmap(void *p, size_t bytes)
{
	if (p)
		munmap(p, bytes);
}

ward_err ward_shm_lock_init(pthread_mutex_t *m)
{
	pthread_mutexattr_t a;
	WARD_ENSURE(pthread_mutexattr_init(&a) == 0, WARD_ERR_INTERNAL);
	int ok =
	    pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED) == 0 &&
	    pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST) == 0 &&
	    pthread_mutex_init(m, &a) == 0;
	pthread_mutexattr_destroy(&a);
	WARD_ENSURE(ok, WARD_ERR_INTERNAL);
	return WARD_OK;
}

int ward_shm_lock(pthread_mutex_t *m)
{
	int r = pthread_mutex_lock(m);
	if (r == 0)
		return 0;
	if (r == EOWNERDEAD && pthread_mutex_consistent(m) == 0)
		return 1;
	if (r == EOWNERDEAD)
		pthread_mutex_unlock(m);
	return -1;
}

void ward_shm_unlock(pthread_mutex_t *m)
{
	pthread_mutex_unlock(m);
}
