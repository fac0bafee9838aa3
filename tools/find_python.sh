# Sourced by tools/dist_train.sh, dist_test.sh and slurm_train.sh: sets
# MARS_MM_ROOT (the repository) and PYTHON, the interpreter they run: $PYTHON
# if set, else the repository's .venv/bin/python (what `make install`
# creates), else `python` on PATH.
MARS_MM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -z "${PYTHON:-}" ]; then
    if [ -x "$MARS_MM_ROOT/.venv/bin/python" ]; then
        PYTHON="$MARS_MM_ROOT/.venv/bin/python"
    else
        PYTHON=python
    fi
fi
