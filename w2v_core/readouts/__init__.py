"""Read-outs for the pages, one module per page it serves (pages/<same name>.py).

Each reads a Lab, a StepTrace or a vocabulary and returns plain numbers or arrays, so a
page only lays them out. Nothing here changes a model.
"""
