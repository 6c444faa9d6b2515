"""British English as Django has it, except that dates are typed and shown in forms as
YYYY-MM-DD (the admin's date boxes and calendar, the import form), the format the public
filters and the importer use; 25/10/2006 is still understood."""

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
