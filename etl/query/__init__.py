"""`etl query`: the sandboxed runner (`runner`), the renderer (`render`) and the fence
around the whole command (`fence`). Nothing here imports click."""
