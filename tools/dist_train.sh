#!/usr/bin/env bash
# Multi-GPU (or multi-process CPU) training through torchrun:
#   [PYTHON=...] bash tools/dist_train.sh CONFIG NUM_PROCS [train.py options]
# Multi-node: set NNODES, NODE_RANK, MASTER_ADDR and PORT on each node.
CONFIG=$1
NPROCS=$2
NNODES=${NNODES:-1}
NODE_RANK=${NODE_RANK:-0}
PORT=${PORT:-29500}
MASTER_ADDR=${MASTER_ADDR:-"127.0.0.1"}

source "$(dirname "$0")/find_python.sh"

PYTHONPATH="$MARS_MM_ROOT":$PYTHONPATH \
"$PYTHON" -m torch.distributed.run \
    --nnodes="$NNODES" \
    --node_rank="$NODE_RANK" \
    --master_addr="$MASTER_ADDR" \
    --nproc_per_node="$NPROCS" \
    --master_port="$PORT" \
    "$MARS_MM_ROOT/tools/train.py" \
    "$CONFIG" \
    --launcher pytorch "${@:3}"
