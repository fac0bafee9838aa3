#!/usr/bin/env bash
# Training on a slurm cluster (mmengine's slurm launcher):
#   [PYTHON=...] GPUS=16 bash tools/slurm_train.sh PARTITION JOB_NAME CONFIG [options]
set -x

PARTITION=$1
JOB_NAME=$2
CONFIG=$3
GPUS=${GPUS:-8}
GPUS_PER_NODE=${GPUS_PER_NODE:-8}
CPUS_PER_TASK=${CPUS_PER_TASK:-5}
SRUN_ARGS=${SRUN_ARGS:-""}
PY_ARGS=${@:4}

source "$(dirname "$0")/find_python.sh"

PYTHONPATH="$MARS_MM_ROOT":$PYTHONPATH \
srun -p "${PARTITION}" \
    --job-name="${JOB_NAME}" \
    --gres=gpu:"${GPUS_PER_NODE}" \
    --ntasks="${GPUS}" \
    --ntasks-per-node="${GPUS_PER_NODE}" \
    --cpus-per-task="${CPUS_PER_TASK}" \
    --kill-on-bad-exit=1 \
    ${SRUN_ARGS} \
    "${PYTHON}" -u "${MARS_MM_ROOT}/tools/train.py" "${CONFIG}" --launcher="slurm" ${PY_ARGS}
