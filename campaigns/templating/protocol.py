"""What the pool (pool.py) and a render process (child.py) agree on, besides the JSON they send.

A module of its own so that the pool never imports child.py: the zygote runs child.py with
`python -m`, and a module the package had imported already would run twice.
"""

import struct

# PROGRESS, the memory the two share: the running job's index and when it started, for the
# parent's wall-clock limit and to know whose job a death was.
INDEX = struct.Struct("=d")  # at offset 0: the running job's index, -1 between batches
STARTED = struct.Struct("=d")  # at offset 8: when it (or the pause between batches) began, time.monotonic()
PROGRESS_SIZE = 16
# A validation renders four trial orders and the synthetic one, and compiles: its budget is this
# many renders' worth.
VALIDATE_WEIGHT = 6
MEMORY_ERROR = "the template used more than {mb} MB of memory"
# The most one job's answer may take on the socket (the child bounds each answer to it).
ANSWER_BYTES_PER_JOB = 200_000
