"""Email backends of the project's own."""

from django.core.mail.backends.console import EmailBackend as DjangoConsoleBackend


class ConsoleEmailBackend(DjangoConsoleBackend):
    """Print an email as a person reads it: headers, the text part, and the names and sizes
    of its attachments. Django's console backend prints the raw MIME message, so a dossier
    notice floods the terminal with the base64 of its form-01 PDF."""

    def write_message(self, message):
        lines = [
            f"[Email → {', '.join(message.to)}] {message.subject}",
            f"Từ: {message.from_email}",
            "",
            str(message.body).rstrip(),
        ]
        for attachment in message.attachments:
            name, content = _attachment(attachment)
            lines.append(f"(Tệp đính kèm: {name}, {len(content or b''):,} byte)")
        self.stream.write("\n".join(lines) + "\n" + "-" * 79 + "\n")


def _attachment(attachment) -> tuple[str, bytes]:
    # A (filename, content, mimetype) tuple, or a MIMEBase part attached as is.
    if isinstance(attachment, tuple):
        name, content, _mimetype = attachment
        return name or "?", content.encode() if isinstance(content, str) else content
    name = attachment.get_filename() or attachment.get_content_type()
    return name, attachment.get_payload(decode=True) or b""
