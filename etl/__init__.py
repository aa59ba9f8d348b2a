"""ETL of the Baotou–Beijing science and technology cooperation data package."""

import os

# numpy asks the kernel for transparent huge pages for every large array. Where the kernel
# defragments synchronously for such requests (THP defrag "madvise", a common default),
# each first touch can stall: 2.7 s of system time for one pass over a 150 MB file here,
# 0.6 s without. Set before numpy is first imported; the worker processes inherit it.
os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")
