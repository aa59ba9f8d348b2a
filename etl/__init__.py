"""ETL of the Baotou–Beijing science and technology cooperation data package."""
