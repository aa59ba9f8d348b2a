"""ETL of the Baotou–Beijing science and technology cooperation data package."""

import os

# Allocator settings, read once when each library loads; the worker processes inherit them.
#
# numpy asks the kernel for transparent huge pages for every large array. Where the kernel
# defragments synchronously for such requests (THP defrag "madvise", a common default),
# each first touch can stall: 2.7 s of system time for one pass over a 150 MB file here,
# 0.6 s without.
os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")
# polars returns freed memory to the kernel after half a second, so a build that frees and
# allocates table-sized buffers stage after stage faults fresh zeroed pages in each time.
# Keeping freed pages for ten seconds (jemalloc's own default) reuses them: a tenth fewer
# page faults at 10^6 rows. polars appends this to its own settings; later ones win.
os.environ.setdefault("_RJEM_MALLOC_CONF", "dirty_decay_ms:10000,muzzy_decay_ms:10000")
# numpy's OpenBLAS starts a thread per core that spins after work; nothing here uses BLAS.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
