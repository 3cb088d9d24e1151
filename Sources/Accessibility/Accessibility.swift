// Accessibility module
