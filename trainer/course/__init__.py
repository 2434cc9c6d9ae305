"""Course marking: an assignment of bank questions, each student's file of answers, points per
part, and the outputs a course needs (JSON lines, Gradescope, PrairieLearn, a grade book's CSV,
a class report).

One job a module: `assignment` (the file and its schema), `submission` (reading one student's
answers), `marking` (verdicts and points, in worker processes when asked), `formats` (the
writers) and `report` (what a class got wrong); the command line's glue is
`trainer.commands.assignment`. Every verdict comes from `trainer.oracle.Judge`, so a course
judges exactly as `trainer answer` does. No Textual here.
"""
