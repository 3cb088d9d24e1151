// Document module
