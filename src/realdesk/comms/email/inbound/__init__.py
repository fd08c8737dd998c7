"""Mail coming in: the drivers that receive it, the record written first, parsing (pure),
the ordered filters, the plan of each delivery and the pipeline that writes them."""
