from django_tasks import task

from .services import message_deliver


@task(queue_name="messaging")
def deliver_message(message_id: int) -> None:
    message_deliver(message_id=message_id)
