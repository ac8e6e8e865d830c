from django.contrib.auth.hashers import Argon2PasswordHasher


class OpenvssArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id at OWASP's minimum (19 MiB, t=2, p=1).

    Django's default (100 MiB, t=2, p=8) measured ~130 ms and 1.7 cores per check on the
    2-core reference box, about 8 logins/s; these parameters measured ~88 checks/s
    (bench/bench_password_hash.py, figures in bench/README.md). Tokens and passkeys keep
    password checks rare. Hashes made with other parameters are upgraded at next login.
    """

    algorithm = "argon2"
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
