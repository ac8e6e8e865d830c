from django_tasks import task

from openvss.core.observability import traced_task

from .services import message_deliver


@task(queue_name="messaging")
@traced_task
def deliver_message(message_id: int) -> None:
    message_deliver(message_id=message_id)


@task(queue_name="messaging")
def deliver_messages(message_ids: list[int]) -> None:
    """A batch queued at once (a daily job's notices): one task per few hundred messages
    instead of one each; every message keeps its own retries (``message_deliver``)."""
    for message_id in message_ids:
        message_deliver(message_id=message_id)
