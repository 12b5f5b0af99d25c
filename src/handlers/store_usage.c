/* The bytes a store holds, in memory the master shares with its workers:
 * forked processes, so the counter lives in an anonymous MAP_SHARED page
 * made before the fork, updated with atomic operations (server/store.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "handlers/route.h"
#include "server/shm.h"
#include "handlers/store.h"

struct ward_store_usage {
	_Atomic uint64_t bytes;
};

/* Regular files beneath dirfd, symlinks not followed; as deep as the
 * sweep of temporaries goes. */
static uint64_t count(int dirfd, int depth)
{
	uint64_t total = 0;
	int fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	DIR *d = fdopendir(fd);
	if (!d) {
		close(fd);
		return 0;
	}
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		struct stat st;
		/* upload temporaries a crash left are swept, not kept */
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
		    ward_store_reserved(de->d_name) ||
		    fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		if (S_ISREG(st.st_mode)) {
			total += (uint64_t)st.st_size;
		} else if (S_ISDIR(st.st_mode) && depth < 32) {
			int sub = openat(fd, de->d_name,
					 O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
					     O_CLOEXEC);
			if (sub >= 0) {
				total += count(sub, depth + 1);
				close(sub);
			}
		}
	}
	closedir(d);
	return total;
}

ward_store_usage *ward_store_usage_new(int dirfd)
{
	ward_store_usage *u = ward_shm_map(sizeof *u);
	if (!u)
		return NULL;
	atomic_init(&u->bytes, count(dirfd, 0));
	return u;
}

void ward_store_usage_free(ward_store_usage *u)
{
	/* the workers forked with it keep their own mapping */
	if (u)
		ward_shm_unmap(u, sizeof *u);
}

uint64_t ward_store_usage_bytes(const ward_store_usage *u)
{
	return atomic_load(&((ward_store_usage *)u)->bytes);
}

int ward_store_usage_reserve(ward_store_usage *u, uint64_t n, uint64_t quota,
			     uint64_t freeing)
{
	uint64_t cur = atomic_load(&u->bytes);
	do {
		/* cur + n <= quota + freeing, without overflow */
		if (n > UINT64_MAX - cur ||
		    (quota + freeing >= quota && cur + n > quota + freeing))
			return 0;
	} while (!atomic_compare_exchange_weak(&u->bytes, &cur, cur + n));
	return 1;
}

void ward_store_usage_release(ward_store_usage *u, uint64_t n)
{
	uint64_t cur = atomic_load(&u->bytes);
	while (!atomic_compare_exchange_weak(&u->bytes, &cur,
					     cur > n ? cur - n : 0))
		;
}
