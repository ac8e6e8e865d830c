from django_tasks import task

from openvss.core.observability import traced_task

from .services import message_deliver


@task(queue_name="messaging")
@traced_task
def deliver_message(message_id: int) -> None:
    message_deliver(message_id=message_id)
