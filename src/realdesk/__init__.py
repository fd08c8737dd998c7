"""RealDesk: an open-source help desk for teams that give real customer service."""

import os

# One BLAS thread per process unless the operator says otherwise, set before numpy loads:
# `realdesk serve` already runs one process per core, and OpenBLAS's own threads (one per
# core each, spinning while they wait) took the cores from the database query that a
# knowledge search runs beside its vector product (docs/performance.md).
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

__version__ = "0.1.0"
