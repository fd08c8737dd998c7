"""numpy's OpenBLAS runs one thread in RealDesk's processes unless the operator sets more:
its own threads, one per core in every web process, took the cores from the database query
a knowledge search runs beside its vector product (docs/performance.md)."""

import os
import subprocess
import sys

BLAS_THREADS = """
import ctypes, sys
{imports}
maps = [line.split()[-1] for line in open("/proc/self/maps") if "openblas" in line]
library = ctypes.CDLL(maps[0])
names = ("scipy_openblas_get_num_threads64_", "openblas_get_num_threads64_",
         "openblas_get_num_threads")
print(next(getattr(library, name)() for name in names if hasattr(library, name)))
"""


def blas_threads(imports: str, **env: str) -> int:
    base = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    done = subprocess.run(
        [sys.executable, "-c", BLAS_THREADS.format(imports=imports)],
        env=base | env,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout)


def test_numpy_runs_one_blas_thread_once_realdesk_is_loaded():
    assert blas_threads("import realdesk, numpy") == 1


def test_without_realdesk_numpy_would_start_one_per_core():
    """The other side: the setting, not the machine, makes it one (CI has 2 cores)."""
    cores = len(os.sched_getaffinity(0))
    assert blas_threads("import numpy") == cores


def test_the_operator_may_still_choose_more():
    assert blas_threads("import realdesk, numpy", OPENBLAS_NUM_THREADS="2") == 2
