from django.http import HttpResponse


def rule_list(request):
    return HttpResponse("")


def add_version(request, key):
    return HttpResponse("")
