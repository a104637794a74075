/*
 * Native consumer for DeltaSharp's Arrow C Data Interface tests.
 * harness_release_all: `threads` pthreads (threads the .NET runtime has never seen) start together on a barrier,
 * each reads and then releases its share of `count` exported record batches (struct arrays), checking the
 * producer honours the protocol: release is non-NULL before, NULL after, children intact, data readable.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct ArrowArray {
  int64_t length;
  int64_t null_count;
  int64_t offset;
  int64_t n_buffers;
  int64_t n_children;
  const void **buffers;
  struct ArrowArray **children;
  struct ArrowArray *dictionary;
  void (*release)(struct ArrowArray *);
  void *private_data;
};

typedef struct {
  int64_t released;        /* batches released by this harness */
  int64_t bad_before;      /* batches whose release was already NULL */
  int64_t not_nulled;      /* batches whose release was not set to NULL by the callback */
  int64_t bad_shape;       /* batches without the expected first column */
  int64_t id_checksum;     /* sum of column 0 (int64) over all rows read */
} harness_result;

typedef struct {
  struct ArrowArray *arrays;
  int64_t count;
  int threads;
  int index;
  pthread_barrier_t *barrier;
  harness_result result;
} worker;

static void *run(void *arg) {
  worker *w = (worker *)arg;
  pthread_barrier_wait(w->barrier);
  for (int64_t i = w->index; i < w->count; i += w->threads) {
    struct ArrowArray *batch = &w->arrays[i];
    if (batch->release == NULL) {
      w->result.bad_before++;
      continue;
    }
    if (batch->n_children < 1 || batch->children == NULL || batch->children[0]->n_buffers != 2) {
      w->result.bad_shape++;
    } else {
      struct ArrowArray *ids = batch->children[0];
      const int64_t *values = (const int64_t *)ids->buffers[1];
      for (int64_t r = 0; r < ids->length; r++) {
        w->result.id_checksum += values[ids->offset + r];
      }
    }
    batch->release(batch);
    if (batch->release != NULL) {
      w->result.not_nulled++;
    }
    w->result.released++;
  }
  return NULL;
}

int harness_release_all(struct ArrowArray *arrays, int64_t count, int threads, harness_result *out) {
  if (threads < 1 || threads > 256) return -1;
  pthread_barrier_t barrier;
  pthread_barrier_init(&barrier, NULL, (unsigned)threads);
  worker *workers = calloc((size_t)threads, sizeof(worker));
  pthread_t *ids = calloc((size_t)threads, sizeof(pthread_t));
  int started = 0;
  for (int t = 0; t < threads; t++) {
    workers[t].arrays = arrays;
    workers[t].count = count;
    workers[t].threads = threads;
    workers[t].index = t;
    workers[t].barrier = &barrier;
    if (pthread_create(&ids[t], NULL, run, &workers[t]) != 0) break;
    started++;
  }
  if (started != threads) {
    /* Cannot reach the barrier: fail loudly rather than hang. */
    abort();
  }
  memset(out, 0, sizeof(*out));
  for (int t = 0; t < threads; t++) {
    pthread_join(ids[t], NULL);
    out->released += workers[t].result.released;
    out->bad_before += workers[t].result.bad_before;
    out->not_nulled += workers[t].result.not_nulled;
    out->bad_shape += workers[t].result.bad_shape;
    out->id_checksum += workers[t].result.id_checksum;
  }
  pthread_barrier_destroy(&barrier);
  free(workers);
  free(ids);
  return 0;
}
