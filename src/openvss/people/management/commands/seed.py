import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from openvss.people.seeding import seed_people


class Command(BaseCommand):
    help = "Sinh dữ liệu mẫu xác định (người tham gia, thẻ BHYT, quá trình tham gia, chế độ, KCB)."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, required=True, help="số người cần thêm")
        parser.add_argument("--seed", type=int, default=42, help="hạt giống ngẫu nhiên")
        parser.add_argument("--chunk", type=int, default=5000, help="số người mỗi giao dịch")

    def handle(self, *args, people: int, seed: int, chunk: int, **options):
        if people < 0:
            raise CommandError("--people phải là số không âm.")
        started = time.perf_counter()
        with tqdm(total=people, unit=" người", disable=options["verbosity"] == 0) as bar:
            try:
                totals = seed_people(count=people, seed=seed, chunk=chunk, progress=bar.update)
            except RuntimeError as exc:
                raise CommandError(str(exc)) from exc
        elapsed = time.perf_counter() - started
        for name, count in totals.items():
            self.stdout.write(f"  {name:<10} {count:>12,}")
        self.stdout.write(self.style.SUCCESS(f"Xong trong {elapsed:,.1f} giây."))
