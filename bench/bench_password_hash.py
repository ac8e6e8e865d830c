"""Argon2id cost per password check at Django's default and at openvss's parameters.

Prints verifies/s on one core and the whole box; run: .venv/bin/python bench/bench_password_hash.py
"""

import os
import time
from concurrent.futures import ProcessPoolExecutor

from argon2 import PasswordHasher, Type

SETTINGS = {
    "django default (m=100 MiB, t=2, p=8)": dict(time_cost=2, memory_cost=102400, parallelism=8),
    "openvss (m=19 MiB, t=2, p=1)": dict(time_cost=2, memory_cost=19456, parallelism=1),
}


def verify_many(params: dict, n: int) -> int:
    hasher = PasswordHasher(type=Type.ID, **params)
    encoded = hasher.hash("Mật khẩu đủ mạnh 2026!")
    for _ in range(n):
        hasher.verify(encoded, "Mật khẩu đủ mạnh 2026!")
    return n


def main() -> None:
    cores = os.cpu_count() or 1
    for label, params in SETTINGS.items():
        n = 20
        started = time.perf_counter()
        verify_many(params, n)
        single = time.perf_counter() - started
        started = time.perf_counter()
        with ProcessPoolExecutor(cores) as pool:
            total = sum(pool.map(verify_many, [params] * cores, [n] * cores))
        parallel = time.perf_counter() - started
        print(
            f"{label:<40} {single / n * 1000:7.1f} ms/verify on one process, "
            f"{total / parallel:6.1f} verifies/s on {cores} processes"
        )


if __name__ == "__main__":
    main()
