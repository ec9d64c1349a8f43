// Placeholder so the target builds until its owner lands it.
enum _CloudAPIPlaceholder {}
