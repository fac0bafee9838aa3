"""Write small copies of the MSL and AI4Mars layouts (``make demo``, tests)."""
import argparse

from mars_mm.utils.demo_data import make_demo_data


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='Write the demo datasets')
    parser.add_argument('out_dir', help='output folder, e.g. data/demo')
    parser.add_argument('--seed', type=int, default=0, help='random seed')
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    roots = make_demo_data(args.out_dir, args.seed)
    for name, root in roots.items():
        print(f'{name}: {root}')


if __name__ == '__main__':
    main()
