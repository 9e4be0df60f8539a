from celery import shared_task

from search.indexing import catch_up_search_index as catch_up


@shared_task(name="search.tasks.catch_up_search_index", ignore_result=True)
def catch_up_search_index():
    """Index again what the search engine missed while it was down."""
    written, pending = catch_up()
    return {"written": written, "pending": pending}
