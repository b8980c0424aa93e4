/*
 * source.c — what every back end of struct source shares: freeing a
 * source and a message, the stop that ends its waits.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "source.h"

void
source_free(struct source *src)
{
	if (src == NULL)
		return;
	src->ops->destroy(src);
	free(src->name);
	free(src);
}

void
source_msg_clear(struct source_msg *msg)
{
	free(msg->uid);
	free(msg->data);
	free(msg->handle);
	memset(msg, 0, sizeof(*msg));
}

void
source_set_stop(struct source *src, int wake_fd,
    volatile const sig_atomic_t *stop)
{
	src->wake_fd = wake_fd;
	src->stop = stop;
}
