"""The compound's residents, found the way a desk operator asks: by unit, name or phone tail.
"""
