"""Vietnamese help for a command's options, Django's own included (`openvss demo --help`)."""

from django.core.management.base import DjangoHelpFormatter

# Django's and argparse's options, whose help texts are English and not translatable.
COMMON_HELP = {
    "help": "hiện hướng dẫn này rồi thoát",
    "version": "hiện số phiên bản rồi thoát",
    "verbosity": "mức chi tiết khi in: 0 = ít nhất, 1 = bình thường, 2 = chi tiết, 3 = rất chi tiết",
    "settings": "mô-đun cấu hình Python (mặc định: biến DJANGO_SETTINGS_MODULE, openvss.settings)",
    "pythonpath": "thư mục thêm vào đường dẫn Python",
    "traceback": "in đầy đủ vết lỗi khi lệnh báo lỗi",
    "no_color": "không tô màu kết quả",
    "force_color": "luôn tô màu kết quả",
    "skip_checks": "bỏ qua bước kiểm tra hệ thống",
}


class VietnameseHelpFormatter(DjangoHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(
            usage, actions, groups, prefix="cách dùng: " if prefix is None else prefix
        )


def vietnamese_parser(parser):
    """Give every option of ``parser`` a Vietnamese help text and headings."""
    parser.formatter_class = VietnameseHelpFormatter
    parser._optionals.title = "tùy chọn"
    for action in parser._actions:
        if action.dest in COMMON_HELP:
            action.help = COMMON_HELP[action.dest]
    return parser
