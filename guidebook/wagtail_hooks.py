from wagtail import hooks

from guidebook.documents import serve_as_download


@hooks.register("before_serve_document")
def library_document_rules(document, request):
    return serve_as_download(document, request)
