/*
 * heat: a 1-D heat equation over MPI ranks, the smallest distributed code that saves itself on a signal.
 *
 *   srun -N 2 -n 4 ./heat CELLS_PER_RANK STEPS [MS_PER_STEP]
 *
 * Each rank owns a slab of CELLS_PER_RANK cells (the rod's ends held at 0) and exchanges one halo cell with each
 * neighbour every step (explicit scheme, r = 1/4). MS_PER_STEP (0 by default) sleeps that long every step, so a
 * small rod takes as long as a test or a demo needs.
 *
 * On SIGUSR1 (srun passes it on to every rank) each rank finishes its current step; the ranks agree on the last
 * step (an MPI_Allreduce every step, so all stop at the same one), each writes restart/rank-<r>.bin atomically
 * (write a temporary file, fsync, rename), and after an MPI_Barrier every rank exits 0: the step exits 0 only once
 * every rank has saved. It starts from restart/rank-<r>.bin when the file is there (crjob puts it back), else from
 * the initial field. When all STEPS are done, rank 0 writes the whole field, raw doubles, to heat-final.bin
 * (atomically too): an uninterrupted run and one stopped and restarted any number of times write the same bytes.
 */
#include <errno.h>
#include <math.h>
#include <mpi.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define RESTART_DIR "restart"
#define FINAL_FILE "heat-final.bin"
static const char MAGIC[8] = "HEAT1D\n";

static volatile sig_atomic_t asked_to_save = 0;

static void on_save_signal(int sig) {
    (void) sig;
    asked_to_save = 1;
}

/* The header of a restart file: what it belongs to, so a file of another layout is refused, not misread. */
struct header {
    char magic[8];
    int64_t step;
    int32_t ranks;
    int32_t cells;
};

static void fail(int rank, const char *what, const char *path) {
    fprintf(stderr, "heat: rank %d: %s %s: %s\n", rank, what, path, errno ? strerror(errno) : "");
    MPI_Abort(MPI_COMM_WORLD, 2);
}

/* Writes the bytes to path through path.tmp and a rename, so path is always whole: the old file or the new. */
static void write_atomically(int rank, const char *path, const void *a, size_t alen, const void *b, size_t blen) {
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    if (!f) fail(rank, "cannot create", tmp);
    if (fwrite(a, 1, alen, f) != alen || (blen && fwrite(b, 1, blen, f) != blen)) fail(rank, "cannot write", tmp);
    if (fflush(f) != 0 || fsync(fileno(f)) != 0) fail(rank, "cannot flush", tmp);
    if (fclose(f) != 0) fail(rank, "cannot close", tmp);
    if (rename(tmp, path) != 0) fail(rank, "cannot rename to", path);
}

static void restart_path(char *path, size_t size, int rank) {
    snprintf(path, size, RESTART_DIR "/rank-%d.bin", rank);
}

/* The step to go on from: the restart file's, with the slab it holds, or 0 and the initial field. */
static int64_t start(int rank, int ranks, int cells, double *u) {
    char path[256];
    restart_path(path, sizeof path, rank);
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (errno != ENOENT) fail(rank, "cannot open", path);
        for (int i = 0; i < cells; i++) {
            double x = (double) (rank * cells + i + 1) / (double) (ranks * cells + 1);
            u[i + 1] = sin(M_PI * x) + 0.5 * sin(7.0 * M_PI * x);
        }
        return 0;
    }
    struct header h;
    errno = 0;
    if (fread(&h, sizeof h, 1, f) != 1 || memcmp(h.magic, MAGIC, sizeof MAGIC) != 0) fail(rank, "not a restart file:", path);
    if (h.ranks != ranks || h.cells != cells) {
        fprintf(stderr, "heat: rank %d: %s was written by %d ranks of %d cells, this run has %d ranks of %d cells\n",
                rank, path, h.ranks, h.cells, ranks, cells);
        MPI_Abort(MPI_COMM_WORLD, 2);
    }
    if (fread(u + 1, sizeof(double), (size_t) cells, f) != (size_t) cells) fail(rank, "truncated restart file", path);
    fclose(f);
    return h.step;
}

static void save(int rank, int ranks, int cells, const double *u, int64_t step) {
    char path[256];
    restart_path(path, sizeof path, rank);
    if (mkdir(RESTART_DIR, 0700) != 0 && errno != EEXIST) fail(rank, "cannot create", RESTART_DIR);
    struct header h = { .step = step, .ranks = ranks, .cells = cells };
    memcpy(h.magic, MAGIC, sizeof MAGIC);
    write_atomically(rank, path, &h, sizeof h, u + 1, (size_t) cells * sizeof(double));
}

/* One explicit step: halo cells from the neighbours (0 beyond the rod's ends), then the update. */
static void step_once(int rank, int ranks, int cells, double *u, double *next) {
    int left = rank > 0 ? rank - 1 : MPI_PROC_NULL, right = rank < ranks - 1 ? rank + 1 : MPI_PROC_NULL;
    u[0] = 0.0;
    u[cells + 1] = 0.0;
    MPI_Sendrecv(&u[1], 1, MPI_DOUBLE, left, 0, &u[cells + 1], 1, MPI_DOUBLE, right, 0, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
    MPI_Sendrecv(&u[cells], 1, MPI_DOUBLE, right, 1, &u[0], 1, MPI_DOUBLE, left, 1, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
    for (int i = 1; i <= cells; i++) next[i] = u[i] + 0.25 * (u[i - 1] - 2.0 * u[i] + u[i + 1]);
    memcpy(u + 1, next + 1, (size_t) cells * sizeof(double));
}

static void pause_ms(long ms) {
    if (ms <= 0) return;
    struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&t, NULL);   /* a signal cuts it short: the step ends sooner, nothing is lost */
}

static long positive(const char *arg, const char *name) {
    char *end;
    long v = strtol(arg, &end, 10);
    if (*arg == '\0' || *end != '\0' || v < 0) {
        fprintf(stderr, "heat: %s must be a whole number >= 0, got '%s'\n", name, arg);
        exit(2);
    }
    return v;
}

int main(int argc, char **argv) {
    /* before MPI_Init: a signal that came early must not kill the rank */
    struct sigaction sa = { .sa_handler = on_save_signal };
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: heat CELLS_PER_RANK STEPS [MS_PER_STEP]\n");
        return 2;
    }
    int cells = (int) positive(argv[1], "CELLS_PER_RANK");
    int64_t steps = positive(argv[2], "STEPS");
    long ms = argc > 3 ? positive(argv[3], "MS_PER_STEP") : 0;

    MPI_Init(&argc, &argv);
    int rank, ranks, name_len;
    char host[MPI_MAX_PROCESSOR_NAME];
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &ranks);
    MPI_Get_processor_name(host, &name_len);
    double *u = calloc((size_t) cells + 2, sizeof(double)), *next = calloc((size_t) cells + 2, sizeof(double));
    if (!u || !next) fail(rank, "out of memory for", "the slab");

    int64_t step = start(rank, ranks, cells, u);
    printf("heat: rank %d of %d on %s from step %lld\n", rank, ranks, host, (long long) step);
    for (;;) {
        if (step == steps) break;
        step_once(rank, ranks, cells, u, next);
        step++;
        pause_ms(ms);
        int mine = asked_to_save, any = 0;
        MPI_Allreduce(&mine, &any, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
        if (any && step < steps) {
            save(rank, ranks, cells, u, step);
            MPI_Barrier(MPI_COMM_WORLD);
            if (rank == 0) printf("heat: saved at step %lld of %lld\n", (long long) step, (long long) steps);
            MPI_Finalize();
            return 0;
        }
    }
    double *field = rank == 0 ? malloc((size_t) cells * (size_t) ranks * sizeof(double)) : NULL;
    MPI_Gather(u + 1, cells, MPI_DOUBLE, field, cells, MPI_DOUBLE, 0, MPI_COMM_WORLD);
    if (rank == 0) {
        write_atomically(0, FINAL_FILE, field, (size_t) cells * (size_t) ranks * sizeof(double), NULL, 0);
        printf("heat: done at step %lld\n", (long long) steps);
    }
    MPI_Finalize();
    return 0;
}
