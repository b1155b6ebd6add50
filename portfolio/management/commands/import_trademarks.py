from portfolio.management.commands._import import ImportCommand


class Command(ImportCommand):
    help = "Import trademarks from a CSV or XLSX file; a file with any bad row imports nothing."
    kind = "trademarks"
