"""Database constraints refused in words at the field they are about, wherever the row is checked.

Django checks a model's constraints in its validation (forms, the admin, `full_clean` in the services) and
reports each refusal as an error of the whole form. A model with this mixin names, in `constraint_fields`, the
field each constraint's sentence belongs to, so an officer reads "The event must end after it starts." beside
the end rather than at the top of the page.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import router


class FieldConstraintsMixin:
    """Reports a refused constraint at the field named for it in `constraint_fields` (by constraint name)."""

    constraint_fields: dict[str, str] = {}

    def validate_constraints(self, exclude=None):
        exclude = set(exclude or ())
        using = router.db_for_write(self.__class__, instance=self)
        errors: dict[str, list[ValidationError]] = {}
        for model_class, constraints in self.get_constraints():
            for constraint in constraints:
                try:
                    constraint.validate(model_class, self, exclude=exclude, using=using)
                except ValidationError as error:
                    field = self.constraint_fields.get(constraint.name, NON_FIELD_ERRORS)
                    # A form that leaves the field out (or shows it read-only) shows the sentence at its top.
                    if field in exclude:
                        field = NON_FIELD_ERRORS
                    errors.setdefault(field, []).extend(error.error_list)
        if errors:
            raise ValidationError(errors)
