from emptychair.startup import launch

launch()
