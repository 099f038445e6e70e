"""Static-site generator for the job offers of local authorities in Hauts-de-France."""
