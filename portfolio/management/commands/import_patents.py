from portfolio.management.commands._import import ImportCommand


class Command(ImportCommand):
    help = "Import patents from a CSV or XLSX file; a file with any bad row imports nothing."
    kind = "patents"
